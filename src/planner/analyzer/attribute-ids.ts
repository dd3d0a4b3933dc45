import type { DataType } from '../../types/data-type.js';
import type { Attribute } from '../expr.js';

/** Attribute ids only need to be unique within one analyzed plan; a process-wide counter gives that cheaply. */
let nextAttributeId = 1;

export function newAttribute(name: string, type: DataType, nullable = true): Attribute {
  return Object.freeze({ id: nextAttributeId++, name, type, nullable });
}

/** A fresh attribute with the same name and type (e.g. each side of a self-join needs its own ids). */
export function cloneAttribute(a: Attribute, name = a.name): Attribute {
  return newAttribute(name, a.type, a.nullable);
}
