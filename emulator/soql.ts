/** A small SOQL engine: parse a SELECT, run it over row tables, shape the result like the REST query resource. */

export type Scalar = string | number | boolean | null;
export type Row = { id: string; values: Record<string, Scalar> };
export type ObjectDef = {
  name: string;
  fields: string[];
  /** relationship name → parent object and the foreign-key field that points at it. */
  relationships: Record<string, { object: string; fk: string }>;
  rows: () => Row[];
};
export type Catalog = { object: (name: string) => ObjectDef | undefined; urlFor: (object: string, id: string) => string };

export class SoqlError extends Error {
  public constructor(public readonly errorCode: string, message: string) {
    super(message);
  }
}

type Token = { kind: 'word' | 'string' | 'number' | 'sym'; text: string; pos: number };
type Cond =
  | { op: 'and' | 'or'; left: Cond; right: Cond }
  | { op: 'not'; inner: Cond }
  | { op: 'cmp'; field: FieldRef; cmp: string; value: Scalar }
  | { op: 'in'; field: FieldRef; values: Scalar[]; negate: boolean }
  /** A semi-join (`IN (SELECT Id FROM …)`) or anti-join (`NOT IN (SELECT …)`). */
  | { op: 'inSelect'; field: FieldRef; select: Query; negate: boolean }
  | { op: 'like'; field: FieldRef; pattern: string };
type FieldRef = { path: string[]; pos: number };
export type Query = {
  fields: FieldRef[];
  object: string;
  objectPos: number;
  where?: Cond;
  orderBy?: { field: FieldRef; desc: boolean; nullsLast: boolean };
  limit?: number;
};

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let j = i + 1;
      let text = '';
      while (j < q.length && q[j] !== "'") {
        if (q[j] === '\\' && j + 1 < q.length) {
          j++;
          text += q[j] === 'n' ? '\n' : q[j];
        } else text += q[j];
        j++;
      }
      if (j >= q.length) throw new SoqlError('MALFORMED_QUERY', `unterminated string literal at column ${i + 1}`);
      out.push({ kind: 'string', text, pos: i });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i))![0];
      out.push({ kind: 'word', text: m, pos: i });
      i += m.length;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(q.slice(i))?.[0] ?? c;
      out.push({ kind: 'number', text: m, pos: i });
      i += m.length;
    } else {
      const two = q.slice(i, i + 2);
      const sym = ['!=', '<>', '<=', '>='].includes(two) ? two : c;
      out.push({ kind: 'sym', text: sym, pos: i });
      i += sym.length;
    }
  }
  return out;
}

export function parseSoql(q: string): Query {
  const toks = tokenize(q);
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isKw = (kw: string): boolean => peek()?.kind === 'word' && peek()!.text.toUpperCase() === kw;
  const unexpected = (): SoqlError => {
    const t = peek();
    return new SoqlError('MALFORMED_QUERY', t ? `unexpected token: '${t.text}'` : 'unexpected end of query');
  };
  const expectKw = (kw: string): void => {
    if (!isKw(kw)) throw unexpected();
    p++;
  };
  const field = (): FieldRef => {
    const t = peek();
    if (!t || t.kind !== 'word') throw unexpected();
    p++;
    return { path: t.text.split('.'), pos: t.pos };
  };
  const literal = (): Scalar => {
    const t = peek();
    if (!t) throw unexpected();
    p++;
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'word') {
      const u = t.text.toLowerCase();
      if (u === 'true') return true;
      if (u === 'false') return false;
      if (u === 'null') return null;
    }
    p--;
    throw unexpected();
  };
  const primary = (): Cond => {
    if (peek()?.text === '(') {
      p++;
      const c = or();
      if (peek()?.text !== ')') throw unexpected();
      p++;
      return c;
    }
    if (isKw('NOT')) {
      p++;
      return { op: 'not', inner: primary() };
    }
    const f = field();
    let negate = false;
    if (isKw('NOT')) {
      p++;
      negate = true;
      if (!isKw('IN')) throw unexpected();
    }
    if (isKw('IN')) {
      p++;
      if (peek()?.text !== '(') throw unexpected();
      p++;
      if (isKw('SELECT')) {
        const inner = select();
        if (inner.fields.length !== 1 || inner.fields[0].path.length !== 1) {
          throw new SoqlError('MALFORMED_QUERY', 'a semi-join subquery selects exactly one Id field');
        }
        if (peek()?.text !== ')') throw unexpected();
        p++;
        return { op: 'inSelect', field: f, select: inner, negate };
      }
      const values: Scalar[] = [literal()];
      while (peek()?.text === ',') {
        p++;
        values.push(literal());
      }
      if (peek()?.text !== ')') throw unexpected();
      p++;
      return { op: 'in', field: f, values, negate };
    }
    if (isKw('LIKE')) {
      p++;
      const v = literal();
      return { op: 'like', field: f, pattern: String(v) };
    }
    const t = peek();
    if (!t || t.kind !== 'sym' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(t.text)) throw unexpected();
    p++;
    return { op: 'cmp', field: f, cmp: t.text === '<>' ? '!=' : t.text, value: literal() };
  };
  const and = (): Cond => {
    let left = primary();
    while (isKw('AND')) {
      p++;
      left = { op: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Cond => {
    let left = and();
    while (isKw('OR')) {
      p++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };

  function select(): Query {
    expectKw('SELECT');
    const fields: FieldRef[] = [field()];
    while (peek()?.text === ',') {
      p++;
      fields.push(field());
    }
    expectKw('FROM');
    const objTok = peek();
    if (!objTok || objTok.kind !== 'word') throw unexpected();
    p++;
    const selected: Query = { fields, object: objTok.text, objectPos: objTok.pos };
    if (isKw('WHERE')) {
      p++;
      selected.where = or();
    }
    return selected;
  }

  const query = select();
  if (isKw('ORDER')) {
    p++;
    expectKw('BY');
    const f = field();
    let desc = false;
    if (isKw('ASC')) p++;
    else if (isKw('DESC')) {
      p++;
      desc = true;
    }
    let nullsLast = desc;
    if (isKw('NULLS')) {
      p++;
      nullsLast = isKw('LAST');
      p++;
    }
    query.orderBy = { field: f, desc, nullsLast };
  }
  if (isKw('LIMIT')) {
    p++;
    const t = peek();
    if (!t || t.kind !== 'number') throw unexpected();
    p++;
    query.limit = Number(t.text);
  }
  if (p < toks.length) throw unexpected();
  return query;
}

/** Salesforce prefixes parse errors with the query and a caret under the offending column. */
function located(soql: string, pos: number, message: string): string {
  return `\n${soql}\n${' '.repeat(pos)}^\nERROR at Row:1:Column:${pos + 1}\n${message}`;
}

export type QueryResult = { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };

export function runSoql(soql: string, catalog: Catalog): QueryResult {
  return runQuery(parseSoql(soql.trim()), soql.trim(), catalog);
}

function runQuery(q: Query, text: string, catalog: Catalog): QueryResult {
  const obj = catalog.object(q.object);
  if (!obj) {
    throw new SoqlError(
      'INVALID_TYPE',
      located(
        text,
        q.objectPos,
        `sObject type '${q.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
      )
    );
  }
  // Resolve each path once: checks field names and gives canonical casing.
  const resolve = (ref: FieldRef): string[] => {
    let current = obj;
    const canonical: string[] = [];
    ref.path.forEach((part, idx) => {
      if (idx < ref.path.length - 1) {
        const rel = Object.keys(current.relationships).find((r) => r.toLowerCase() === part.toLowerCase());
        const parent = rel ? catalog.object(current.relationships[rel].object) : undefined;
        if (!rel || !parent) {
          throw new SoqlError(
            'INVALID_FIELD',
            located(
              text,
              ref.pos,
              `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
            )
          );
        }
        canonical.push(rel);
        current = parent;
      } else {
        const f = current.fields.find((x) => x.toLowerCase() === part.toLowerCase());
        if (!f) {
          throw new SoqlError(
            'INVALID_FIELD',
            located(
              text,
              ref.pos,
              `No such column '${part}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
            )
          );
        }
        canonical.push(f);
      }
    });
    return canonical;
  };
  const selected = q.fields.map(resolve);
  const tables = new Map<string, Row[]>();
  const rowsOf = (name: string): Row[] => {
    let rows = tables.get(name);
    if (!rows) {
      rows = catalog.object(name)!.rows();
      tables.set(name, rows);
    }
    return rows;
  };
  /** Follow a path from a row: the parent row chain and the final value (undefined parent → null). */
  const walk = (row: Row, path: string[]): { value: Scalar; parents: Array<{ object: string; row: Row | null }> } => {
    let current: Row | null = row;
    let def = obj;
    const parents: Array<{ object: string; row: Row | null }> = [];
    for (let i = 0; i < path.length - 1; i++) {
      const rel = def.relationships[path[i]];
      const fk: Scalar = current ? current.values[rel.fk] : null;
      const parentRow: Row | null =
        current && typeof fk === 'string' ? rowsOf(rel.object).find((r) => r.id.slice(0, 15) === fk.slice(0, 15)) ?? null : null;
      parents.push({ object: rel.object, row: parentRow });
      current = parentRow;
      def = catalog.object(rel.object)!;
    }
    return { value: current ? current.values[path[path.length - 1]] ?? null : null, parents };
  };
  const evalCond = (row: Row, c: Cond): boolean => {
    switch (c.op) {
      case 'and':
        return evalCond(row, c.left) && evalCond(row, c.right);
      case 'or':
        return evalCond(row, c.left) || evalCond(row, c.right);
      case 'not':
        return !evalCond(row, c.inner);
      case 'in': {
        const v = walk(row, resolve(c.field)).value;
        const hit = c.values.some((x) => equal(v, x));
        return c.negate ? !hit : hit;
      }
      case 'inSelect': {
        const v = walk(row, resolve(c.field)).value;
        const hit = semiJoinValues(c.select).some((x) => equal(v, x));
        return c.negate ? !hit : hit;
      }
      case 'like': {
        const v = walk(row, resolve(c.field)).value;
        const re = new RegExp(`^${c.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
        return typeof v === 'string' && re.test(v);
      }
      case 'cmp': {
        const v = walk(row, resolve(c.field)).value;
        if (c.cmp === '=') return equal(v, c.value);
        if (c.cmp === '!=') return !equal(v, c.value);
        if (v === null || c.value === null) return false;
        const cmp = v < c.value ? -1 : v > c.value ? 1 : 0;
        return c.cmp === '<' ? cmp < 0 : c.cmp === '>' ? cmp > 0 : c.cmp === '<=' ? cmp <= 0 : cmp >= 0;
      }
    }
  };
  const semiJoins = new Map<Query, Scalar[]>();
  /** A subquery runs once per query, not once per row. */
  const semiJoinValues = (select: Query): Scalar[] => {
    let values = semiJoins.get(select);
    if (!values) {
      const column = select.fields[0].path[0];
      values = runQuery(select, text, catalog).records.map((record) => {
        const key = Object.keys(record).find((name) => name.toLowerCase() === column.toLowerCase());
        return key === undefined ? null : (record[key] as Scalar);
      });
      semiJoins.set(select, values);
    }
    return values;
  };
  let rows = rowsOf(obj.name).filter((r) => (q.where ? evalCond(r, q.where) : true));
  if (q.orderBy) {
    const ob = q.orderBy;
    const path = resolve(ob.field);
    rows = [...rows].sort((a, b) => {
      const va = walk(a, path).value;
      const vb = walk(b, path).value;
      if (va === vb) return 0;
      if (va === null) return ob.nullsLast ? 1 : -1;
      if (vb === null) return ob.nullsLast ? -1 : 1;
      const c = String(va).localeCompare(String(vb), 'en', { sensitivity: 'base' });
      return ob.desc ? -c : c;
    });
  }
  if (q.limit !== undefined) rows = rows.slice(0, q.limit);
  const records = rows.map((row) => {
    const rec: Record<string, unknown> = { attributes: { type: obj.name, url: catalog.urlFor(obj.name, row.id) } };
    for (const path of selected) {
      const { value, parents } = walk(row, path);
      let target = rec;
      let broken = false;
      for (let i = 0; i < parents.length; i++) {
        const rel = path[i];
        const parent = parents[i];
        if (!parent.row) {
          if (!(rel in target)) target[rel] = null;
          broken = true;
          break;
        }
        const existing = target[rel];
        if (existing === null || existing === undefined) {
          target[rel] = { attributes: { type: parent.object, url: catalog.urlFor(parent.object, parent.row.id) } };
        }
        target = target[rel] as Record<string, unknown>;
      }
      if (!broken) target[path[path.length - 1]] = value;
    }
    return rec;
  });
  return { totalSize: records.length, done: true, records };
}

function equal(a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' && typeof b === 'string') {
    // Ids compare on their 15-char form; text compares case-insensitively as in SOQL.
    if (/^[a-zA-Z0-9]{18}$/.test(a) && /^[a-zA-Z0-9]{15}$/.test(b)) return a.slice(0, 15) === b;
    if (/^[a-zA-Z0-9]{15}$/.test(a) && /^[a-zA-Z0-9]{18}$/.test(b)) return a === b.slice(0, 15);
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}
