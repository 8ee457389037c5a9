/** A curl line for POST /recommend as a shell takes it (a quote in the user id would end the single-quoted body). */
export function recommendCurl(url: string, user: string): string {
  const body = JSON.stringify({ user, k: 10 }).replaceAll("'", "'\\''");
  return `curl -s ${url}/recommend -H 'content-type: application/json' \\\n  -d '${body}'`;
}
