/**
 * "or" between two ways of doing the same thing. A grid of fixed height: the
 * first line and the label keep their places while the page is still arriving.
 */
export function Divider({ label = "or" }: { label?: string }) {
  return (
    <div
      className="my-4 grid h-5 grid-cols-[1fr_auto_1fr] items-center gap-3 text-sm text-muted"
      role="separator"
      aria-label={label}
    >
      <span className="h-px bg-border" aria-hidden="true" />
      <span aria-hidden="true">{label}</span>
      <span className="h-px bg-border" aria-hidden="true" />
    </div>
  );
}
