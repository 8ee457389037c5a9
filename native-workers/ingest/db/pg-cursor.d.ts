// pg-cursor ships no types; only what the PostgreSQL reader uses is declared.
declare module 'pg-cursor' {
  import type { FieldDef, Submittable } from 'pg';
  interface CursorConfig {
    readonly rowMode?: 'array';
    readonly types?: { getTypeParser(oid: number, format?: string): (value: string) => unknown };
  }
  class Cursor implements Submittable {
    constructor(text: string, values?: readonly unknown[], config?: CursorConfig);
    submit: Submittable['submit'];
    read(rows: number): Promise<unknown[][]>;
    close(): Promise<void>;
    readonly _result: { readonly fields: readonly FieldDef[] };
  }
  export = Cursor;
}
