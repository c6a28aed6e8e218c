/** "or" between two ways of doing the same thing. */
export function Divider({ label = "or" }: { label?: string }) {
  return (
    <div className="my-4 flex items-center gap-3 text-sm text-muted" role="separator" aria-label={label}>
      <span className="h-px flex-1 bg-border" aria-hidden="true" />
      <span aria-hidden="true">{label}</span>
      <span className="h-px flex-1 bg-border" aria-hidden="true" />
    </div>
  );
}
