import Link from "next/link";

/** What a signed-in person who is no administrator sees on the admin pages. */
export function NotAllowed() {
  return (
    <div role="alert" className="surface flex flex-col gap-2 p-6">
      <p className="text-lg font-semibold">Not allowed</p>
      <p className="text-muted">
        These pages are for administrators. <Link href="/">Go to the home page</Link>
      </p>
    </div>
  );
}
