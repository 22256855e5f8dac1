/** The methods that change something: each takes an `Idempotency-Key`, and HTTP's interceptors answer each. */
export const CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
