/**
 * Provider-supplied text (names of clusters, organizations, node pools, statuses…) is hostile: it may
 * be 10 KB without a space. Clip shows it on one line cut to the space available (`max` sets that
 * space where the parent cannot, e.g. in table cells), with the full value on hover and in copies.
 * Longer prose around such text wraps anywhere (app/globals.css), so nothing widens a page.
 */
export function Clip({ text, max = "max-w-full", className = "" }: { text: string | null | undefined; max?: string; className?: string }) {
  if (text == null || text === "") return <>—</>;
  return (
    // one line that wraps anywhere and clamps (not `truncate`: nowrap text keeps its full width as the
    // minimum of grid and table tracks, so a 10 KB word would still widen them)
    <span className={`line-clamp-1 whitespace-normal break-all ${max} ${className}`} title={text}>
      {text}
    </span>
  );
}
