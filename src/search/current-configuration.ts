/**
 * The SPARQL patterns that bind the current configuration of the instance in `inst` to `cfg`: the
 * version with the latest validFrom, which is the one with no derived `phd:validUntil` (kept at
 * write time in the derived graph, see query/validity-intervals.ts). Each candidate is checked on
 * its own few triples, so the cost follows the instances asked about, not the size of the graph
 * (a grouped MAX(validFrom) over every instance, or a FILTER NOT EXISTS { a later version }, does).
 * The search's constraints and the details of a page both join it.
 * @param inst - the instance variable (`?item`).
 * @param cfg - the variable to bind the configuration to.
 * @param v - names the helper variables (a prefix keeps two joins in one query apart).
 * @returns the patterns, one a line.
 */
export function currentConfiguration(inst: string, cfg: string, v: (name: string) => string): string[] {
  return [
    `${inst} phd:hasConfiguration ${cfg} .`,
    `${cfg} phd:validFrom ${v('validFrom')} .`,
    `FILTER NOT EXISTS { ${cfg} phd:validUntil ${v('until')} }`,
  ];
}
