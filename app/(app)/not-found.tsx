import { NotFoundCard } from "@/components/ui/not-found-card";

/** notFound() inside the signed-in pages: the same message inside the app's shell. */
export default function NotFound() {
  return <NotFoundCard />;
}
