/**
 * Mixes a plain value (numbers, strings, booleans, null, arrays, plain
 * objects) into a 32-bit FNV-1a digest, structurally: two values built the
 * same way mix the same, and a change anywhere inside one changes the result
 * (up to collisions). Object keys mix in the order the object holds them,
 * which is the order its code created them in, so equal runs agree; of a key
 * only its length and first letter are mixed, which tells apart objects of
 * different shapes at a fraction of the cost.
 */
export function mixValue(digest: number, value: unknown): number {
  switch (typeof value) {
    case 'number':
      return mixNumber(digest, value);
    case 'string':
      return mixString(mixWord(digest, TAG_STRING), value);
    case 'boolean':
      return mixWord(digest, value ? TAG_TRUE : TAG_FALSE);
    case 'undefined':
      return mixWord(digest, TAG_UNDEFINED);
    case 'object': {
      if (value === null) return mixWord(digest, TAG_NULL);
      if (Array.isArray(value)) {
        let h = mixWord(mixWord(digest, TAG_ARRAY), value.length);
        for (let index = 0; index < value.length; index++) h = mixValue(h, value[index]);
        return h;
      }
      let h = mixWord(digest, TAG_OBJECT);
      const record = value as Record<string, unknown>;
      // A key mixes as its length and first letter: objects of one shape come from one piece of code, so their values
      // tell them apart, and hashing every key's every character would cost more than the rest of the walk.
      for (const key in record) h = mixValue(mixWord(h, key.length | (key.charCodeAt(0) << 16)), record[key]);
      return h;
    }
    default:
      // Functions, symbols and bigints never travel in a simulated message; their type alone is mixed.
      return mixString(mixWord(digest, TAG_OTHER), typeof value);
  }
}

const TAG_STRING = 0x5354;
const TAG_TRUE = 0x5431;
const TAG_FALSE = 0x4630;
const TAG_UNDEFINED = 0x5544;
const TAG_NULL = 0x4e55;
const TAG_ARRAY = 0x4152;
const TAG_OBJECT = 0x4f42;
const TAG_OTHER = 0x4f54;
const TAG_FLOAT = 0x464c;

/** Scratch space to read a double's two 32-bit halves. */
const float = new Float64Array(1);
const halves = new Int32Array(float.buffer);

export function mixWord(digest: number, word: number): number {
  return Math.imul(digest ^ word, 0x01000193);
}

function mixNumber(digest: number, value: number): number {
  if ((value | 0) === value) return mixWord(digest, value);
  float[0] = value;
  return mixWord(mixWord(mixWord(digest, TAG_FLOAT), halves[0]!), halves[1]!);
}

function mixString(digest: number, text: string): number {
  let h = mixWord(digest, text.length);
  for (let index = 0; index < text.length; index++) h = Math.imul(h ^ text.charCodeAt(index), 0x01000193);
  return h;
}
