/**
 * A key: marks the passkey buttons. Pinned to the button's left edge (the
 * button is `relative`), so its place does not depend on the label: a page
 * painted before the label arrives does not shift when it does.
 */
export function PasskeyIcon() {
  return (
    <svg
      aria-hidden="true"
      className="absolute left-4"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <circle cx="8" cy="15" r="4" />
      <path d="m10.85 12.15 9.15-9.15M18 5l2 2M15 8l2 2" />
    </svg>
  );
}
