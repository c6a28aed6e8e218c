import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p>
        There is nothing at this address. <Link href="/">Go to the home page</Link>
      </p>
    </div>
  );
}
