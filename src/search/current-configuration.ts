/**
 * The SPARQL patterns that bind the current configuration of the instance in `inst` to `cfg`: the
 * version with the latest validFrom. A grouped sub-query finds every instance's latest date in one
 * pass; the equivalent FILTER NOT EXISTS { a later version } is evaluated per candidate pair and
 * grows with the square of the number of configurations. The search's constraints and the details
 * of a page both join it.
 * @param inst - the instance variable (`?item`).
 * @param cfg - the variable to bind the configuration to.
 * @param v - names the helper variables (a prefix keeps two joins in one query apart).
 * @returns the patterns, one a line.
 */
export function currentConfiguration(inst: string, cfg: string, v: (name: string) => string): string[] {
  return [
    `{ SELECT ${inst} (MAX(${v('from')}) AS ${v('validFrom')}) WHERE { ${inst} phd:hasConfiguration/phd:validFrom ${v('from')} } GROUP BY ${inst} }`,
    `${inst} phd:hasConfiguration ${cfg} .`,
    `${cfg} phd:validFrom ${v('validFrom')} .`,
  ];
}
