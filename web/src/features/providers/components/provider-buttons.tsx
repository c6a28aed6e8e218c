"use client";

import { Button } from "@/components/ui/button";

import { useGetProviders } from "../api/use-get-providers";
import { authorizeHref } from "../messages";

type ProviderButtonsProps = {
  /** Where the person goes once signed in: a path on this site. */
  next: () => string;
};

/**
 * "Continue with {display_name}" per configured provider. Each goes to the
 * service's authorize route with a full page load (it answers 302 to the
 * provider), never through the app's router.
 */
export function ProviderButtons({ next }: ProviderButtonsProps) {
  const providers = useGetProviders();
  if (!providers.data?.length) return null;

  return (
    <div className="flex flex-col gap-3">
      {providers.data.map((provider) => (
        <Button
          key={provider.name}
          variant="secondary"
          className="w-full"
          onClick={() => window.location.assign(authorizeHref(provider.name, { next: next() }))}
        >
          Continue with {provider.displayName}
        </Button>
      ))}
    </div>
  );
}
