/** The column name Spark gives an unaliased SELECT expression: `a`, `count(1)`, `(a + 1)`, `lower(name)`. */
import type { Expr } from '../../sql/ast.js';

export function autoName(e: Expr): string {
  switch (e.kind) {
    case 'column': return e.parts[e.parts.length - 1]!;
    case 'literal':
      if (e.literalType === 'null') return 'NULL';
      if (e.literalType === 'boolean') return String(e.value);
      return String(e.value).replace(/[lLdD]$|BD$/i, '');
    case 'typedLiteral': return `${e.typeName.toUpperCase()} '${e.text}'`;
    case 'intervalLiteral': return `INTERVAL '${e.parts.map((p) => p.value + (p.unit ? ' ' + p.unit : '')).join(' ')}'`;
    case 'star': return e.qualifier ? `${e.qualifier}.*` : '*';
    case 'unary': return e.op === 'not' ? `(NOT ${autoName(e.operand)})` : `(${e.op} ${autoName(e.operand)})`;
    case 'binary': return `(${autoName(e.left)} ${e.op === 'and' || e.op === 'or' ? e.op.toUpperCase() : e.op} ${autoName(e.right)})`;
    case 'call': {
      const name = e.name.toLowerCase();
      if (e.star) return `${name}(1)`;
      return `${name}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(autoName).join(', ')})`;
    }
    case 'cast': return `CAST(${autoName(e.expr)} AS ${typeName(e.type.kind)})`;
    case 'case': return 'CASE WHEN … END';
    case 'between': return `(${autoName(e.expr)} ${e.negated ? 'NOT ' : ''}BETWEEN ${autoName(e.low)} AND ${autoName(e.high)})`;
    case 'inList': return `(${autoName(e.expr)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(autoName).join(', ')}))`;
    case 'inSubquery': return `(${autoName(e.expr)} IN (listquery()))`;
    case 'exists': return 'exists(listquery())';
    case 'scalarSubquery': return 'scalarsubquery()';
    case 'like': return `${autoName(e.expr)} ${e.negated ? 'NOT ' : ''}${e.op.toUpperCase()} ${autoName(e.pattern)}`;
    case 'isNull': return `(${autoName(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'isBoolean': return `(${autoName(e.expr)} IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'UNKNOWN' : String(e.value).toUpperCase()})`;
    case 'subscript': return `${autoName(e.expr)}[${autoName(e.index)}]`;
    case 'fieldAccess': return e.field;
  }
}

function typeName(kind: string): string {
  return kind === 'int' ? 'INT' : kind.toUpperCase();
}
