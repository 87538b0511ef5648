// The process variables a form needs to show itself: the values of its fields, the lists its
// options come from, and whatever its expressions and text templates refer to. Only these go to
// the browser with the form, not every variable of the case.

type Data = Record<string, unknown>;

const isObject = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/** First segment of a dotted key: `address.street` needs the variable `address`. */
const root = (path: string) => path.split('.')[0] ?? path;

function collect(value: unknown, names: Set<string>, words: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) collect(item, names, words);
    return;
  }
  if (!isObject(value)) return;
  for (const field of ['key', 'path', 'valuesKey'] as const) {
    const name = value[field];
    if (typeof name === 'string' && name !== '') names.add(root(name));
  }
  for (const [property, item] of Object.entries(value)) {
    if (typeof item === 'string') {
      // FEEL expressions (`=…`) and templates (`{{…}}`) in labels, texts, conditions and options.
      if (item.startsWith('=') || item.includes('{{')) {
        for (const word of item.match(IDENTIFIER) ?? []) words.add(word);
      }
    } else if (property !== 'values') {
      collect(item, names, words);
    }
  }
}

/** The variables of `variables` that the form refers to. */
export function formInitialData(schema: Data, variables: Data): Data {
  const names = new Set<string>();
  const words = new Set<string>();
  collect(schema.components, names, words);
  const data: Data = {};
  for (const [name, value] of Object.entries(variables)) {
    if (names.has(name) || words.has(name)) data[name] = value;
  }
  return data;
}
