/**
 * A small schema language for event payloads: each value is both a JSON Schema (written into the
 * OpenAPI contract by scripts/gen-event-schemas.ts) and, through a phantom type, the TypeScript
 * type producers must build. One declaration therefore feeds the contract, the generated client
 * and the type checker; a payload cannot change on one side only.
 */

export type JsonSchema = { readonly [key: string]: unknown };
export interface ObjectSchema {
  readonly type: 'object';
  readonly required?: readonly string[];
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties: false;
}

/** A schema of values of type T. `_type` exists only for the type checker. */
export interface Shape<T> {
  readonly schema: JsonSchema;
  readonly _type?: T;
}
/** A field that may be absent (producers leave it out; `undefined` is dropped by JSON). */
export interface Optional<T> {
  readonly optional: Shape<T>;
}
type Field = Shape<unknown> | Optional<unknown>;
export type TypeOf<S> = S extends Shape<infer T> ? T : never;

const shape = <T>(schema: JsonSchema): Shape<T> => ({ schema });

export const str = shape<string>({ type: 'string' });
export const text = (description: string) => shape<string>({ type: 'string', description });
export const date = shape<string>({ type: 'string', format: 'date' });
export const dateTime = shape<string>({ type: 'string', format: 'date-time' });
export const int = shape<number>({ type: 'integer' });
export const count = shape<number>({ type: 'integer', minimum: 0 });
/** Epoch milliseconds, as the workflows stamp instants. */
export const epochMs = shape<number>({ type: 'integer', description: '时刻（Unix 毫秒）' });
export const bool = shape<boolean>({ type: 'boolean' });
export const oneOf = <const V extends readonly string[]>(values: V) => shape<V[number]>({ type: 'string', enum: [...values] });
export const list = <T>(items: Shape<T>) => shape<T[]>({ type: 'array', items: items.schema });
export const nullable = <T>(s: Shape<T>) => shape<T | null>({ anyOf: [s.schema, { type: 'null' }] });
export const optional = <T>(s: Shape<T>): Optional<T> => ({ optional: s });
/**
 * A nested record the contract describes only as an object (decision, delegation, suspension,
 * extension): its type is checked on the producer side, its fields are documented elsewhere.
 */
export const record = <T extends object>(description: string) => shape<T>({ type: 'object', description, additionalProperties: true });

type RequiredKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? never : K }[keyof F];
type OptionalKeys<F> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type Flatten<T> = { [K in keyof T]: T[K] };
export type ObjectOf<F> = Flatten<
  { [K in RequiredKeys<F>]: TypeOf<F[K]> } & { [K in OptionalKeys<F>]?: F[K] extends Optional<infer T> ? T : never }
>;

/** A closed object: every field is declared, so an undeclared one is a contract violation. */
export function object<const F extends Record<string, Field>>(fields: F): Shape<ObjectOf<F>> & { readonly schema: ObjectSchema; readonly fields: F } {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, f] of Object.entries(fields)) {
    if ('optional' in f) properties[name] = f.optional.schema;
    else {
      properties[name] = f.schema;
      required.push(name);
    }
  }
  return { fields, schema: { type: 'object', ...(required.length > 0 ? { required } : {}), properties, additionalProperties: false } };
}
