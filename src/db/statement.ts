/**
 * A piece of SQL with its parameters kept beside it, so modules can each contribute a CTE to one
 * statement (one round trip, atomic without BEGIN/COMMIT) while owning the SQL for their own tables.
 */
export class SqlFragment {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

/**
 * Tagged template: interpolated values become parameters; interpolated fragments are inlined.
 * @example render(sql`select * from members where id = ${id}`) // { text: 'select * from members where id = $1', params: [id] }
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return new SqlFragment(strings, values);
}

/** Joins fragments with a separator, e.g. a list of CTEs with ', '. */
export function joinSql(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  const strings: string[] = [''];
  const values: unknown[] = [];
  fragments.forEach((fragment, index) => {
    if (index > 0) strings[strings.length - 1] += separator;
    values.push(fragment);
    strings.push('');
  });
  return new SqlFragment(strings, values);
}

/**
 * The fragment as text and parameters. `paramsBefore`: how many parameters the statement it joins already
 * numbers, so this one's start after them.
 */
export function render(fragment: SqlFragment, paramsBefore = 0): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const visit = (node: SqlFragment): string => {
    let text = node.strings[0] ?? '';
    node.values.forEach((value, index) => {
      if (value instanceof SqlFragment) text += visit(value);
      else {
        params.push(value);
        text += `$${paramsBefore + params.length}`;
      }
      text += node.strings[index + 1] ?? '';
    });
    return text;
  };
  return { text: visit(fragment), params };
}

/** A CTE or table name inlined into SQL; only plain lower-case identifiers are accepted. */
export function identifier(name: string): SqlFragment {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return new SqlFragment([name], []);
}
