import { NotFoundCard } from "@/components/ui/not-found-card";

export const metadata = { title: "Not found" };

/** Unmatched addresses anywhere in the app (outside the signed-in shell). */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center">
      <NotFoundCard />
    </main>
  );
}
