import { typeToString, type DataType } from './data-type.js';

/** A named, typed column of a relation. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** An ordered list of fields; names are matched case-insensitively, as in Spark. */
export interface Schema {
  readonly fields: readonly Field[];
}

export function field(name: string, type: DataType, nullable = true): Field {
  return Object.freeze({ name, type, nullable });
}

export function schema(fields: readonly Field[]): Schema {
  return Object.freeze({ fields: Object.freeze([...fields]) });
}

/** Index of the field named `name` (case-insensitive), or -1. */
export function fieldIndex(s: Schema, name: string): number {
  const lower = name.toLowerCase();
  return s.fields.findIndex((f) => f.name.toLowerCase() === lower);
}

export function schemaToString(s: Schema): string {
  return s.fields.map((f) => `${f.name} ${typeToString(f.type)}`).join(', ');
}
