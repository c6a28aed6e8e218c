import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { AppProvider } from "./provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: "%s · authgate", default: "authgate" },
  description: "Sign in, manage your account and your sessions.",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans antialiased">
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <AppProvider>
          <header className="border-b border-border">
            <div className="mx-auto flex h-14 max-w-3xl items-center px-4">
              <Link href="/" className="text-lg font-bold text-fg no-underline">
                authgate
              </Link>
            </div>
          </header>
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl px-4 py-10 outline-none">
            {children}
          </main>
        </AppProvider>
      </body>
    </html>
  );
}
