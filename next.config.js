/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The sandbox and logger are Node servers; keep them out of the bundler's way.
  serverExternalPackages: ['pino'],
  typedRoutes: false,
};

export default nextConfig;
