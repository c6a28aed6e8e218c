import type { ComponentProps } from "react";

/**
 * A form that JavaScript submits. Should it ever be submitted natively (its
 * code not yet loaded), `method="post"` keeps what was typed, passwords
 * included, out of the address bar, history and server logs.
 */
export function Form({ className = "", ...props }: ComponentProps<"form">) {
  return <form method="post" noValidate className={`flex flex-col gap-3 ${className}`} {...props} />;
}
