import type { Metadata } from "next";
import localFont from "next/font/local";
import "./globals.css";

// Self-hosted from @fontsource-variable/inter: next/font/google needs the network at build time.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
  weight: "100 900",
});

export const metadata: Metadata = {
  title: { default: "Leadclock", template: "%s · Leadclock" },
  description: "Speed-to-lead measurement for appointment-setting teams.",
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
