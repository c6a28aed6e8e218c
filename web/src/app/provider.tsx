"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

import { queryClient } from "@/lib/query-client";
import { setNavigator, syncAcrossTabs } from "@/lib/session";

// Toasts come after the first paint, so sonner loads after the page (see lib/toast.ts).
const Toaster = dynamic(() => import("sonner").then((sonner) => sonner.Toaster), { ssr: false });

export function AppProvider({ children }: { children: ReactNode }) {
  const router = useRouter();

  useEffect(() => {
    setNavigator((href) => router.replace(href));
    return syncAcrossTabs();
  }, [router]);

  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {/* Sonner renders an aria-live region, so screen readers hear every toast. */}
      <Toaster position="top-center" theme="system" closeButton duration={6000} />
    </QueryClientProvider>
  );
}
