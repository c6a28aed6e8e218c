import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV === "development";
const apiOrigin = process.env.AUTHGATE_API_ORIGIN ?? "http://127.0.0.1:8000";

const nextConfig: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  poweredByHeader: false,
  // `next dev` proxies the API so the app and /api share one origin, as they
  // do when `authgate serve` serves the static export.
  ...(isDev && {
    // Keep /api paths as they are: the trailing-slash redirect is for pages.
    skipTrailingSlashRedirect: true,
    rewrites: async () => [
      { source: "/api/:path*", destination: `${apiOrigin}/api/:path*` },
    ],
  }),
};

export default nextConfig;
