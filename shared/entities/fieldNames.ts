/**
 * How an entity's fields (camelCase, as the API and the admin name them) map to its columns
 * (snake_case, as Objection's snakeCaseMappers and the set-based SQL name them).
 */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}` ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}` : S;

/** A row as PostgreSQL answers it: the entity's fields under their column names. */
export type Row<T> = { [Field in keyof T & string as SnakeCase<Field>]: T[Field] };

export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * A list naming every field of T exactly as T declares them: a field added to the entity and
 * left out of its list is a type error, so the list never drifts from the declaration.
 */
export function everyField<T>() {
  return <const List extends readonly (keyof T & string)[]>(list: List & ([Exclude<keyof T, List[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, List[number]> })) => list;
}

/** An entity's fields read from its row (the columns of `fields`, under their field names). */
export function fieldsOfRow<T>(fields: readonly (keyof T & string)[], row: Row<T>): T {
  const columns = row as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, columns[columnName(field)]])) as T;
}
