import type { Metadata } from "next";

import { HomeScreen } from "./_components/home-screen";

export const metadata: Metadata = { title: { absolute: "Home · authgate" } };

export default function HomePage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Home</h1>
      <HomeScreen />
    </>
  );
}
