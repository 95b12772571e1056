/**
 * The cluster search language: words, "quoted phrases" and a leading minus to exclude (-word,
 * -"a phrase"). Every term is a case-insensitive substring of the cluster's searchText.
 */
export interface SearchTerms {
  include: string[];
  exclude: string[];
}

export function parseSearch(q: string | null | undefined): SearchTerms {
  const include: string[] = [];
  const exclude: string[] = [];
  const text = (q ?? "").slice(0, 500);
  const re = /(-?)(?:"([^"]*)"?|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const negated = m[1] === "-";
    const term = (m[2] ?? m[3] ?? "").trim().toLowerCase();
    if (!term || term === "-") continue;
    (negated ? exclude : include).push(term);
  }
  return { include: [...new Set(include)].slice(0, 20), exclude: [...new Set(exclude)].slice(0, 20) };
}
