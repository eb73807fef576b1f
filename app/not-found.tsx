import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">
          This page does not exist, or it belongs to a workspace you are not a member of.
        </p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
          Back to your workspace
        </Link>
      </div>
    </main>
  );
}
