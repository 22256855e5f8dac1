/**
 * A query parameter's text as the number it writes, in JSON's grammar (`-1`, `1.5`, `1e3`), so
 * the number rules (`@IsInt`, `@Min`, `@Max`) judge the number sent: read as digits only, `-1`
 * stayed text and was "greater than 200; less than 1; no integer" at once. Other text stays text,
 * and is refused as no number. Every numeric query parameter is read through this.
 */
export const asQueryNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? Number(value) : value;
