/**
 * The largest command input taken: an HTTP request body (answered 413 before it is read) and a
 * Kafka command message, value, key and headers together (dead-lettered without its value).
 */
export const BODY_LIMIT_BYTES = 64 * 1024;
