import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Clusterdeck", template: "%s · Clusterdeck" },
  description: "Every Kubernetes cluster, on every provider, in one place.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const saved = (await cookies()).get("theme")?.value;
  const theme = saved === "dark" || saved === "light" ? saved : "system";
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
