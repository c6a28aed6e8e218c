import type { ReactNode } from "react";

type CardProps = { title: string; intro?: ReactNode; children: ReactNode };

/** The single-column layout of the sign-in style pages, with the page's <h1>. */
export function Card({ title, intro, children }: CardProps) {
  return (
    <div className="mx-auto w-full max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {intro && <div className="mt-2 text-muted">{intro}</div>}
      <div className="surface mt-6 p-6">{children}</div>
    </div>
  );
}
