// The starter's configuration plus Redis for the event bus, cache, locking and workflow engine,
// so several server replicas and the setup Job share state. Every value comes from the
// environment the chart sets (charts/urumi-medusa/templates/_helpers.tpl, urumi-medusa.medusaEnv).
import { loadEnv, defineConfig, Modules } from '@medusajs/framework/utils'

loadEnv(process.env.NODE_ENV || 'production', process.cwd())

const required = (name: string): string => {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is not set: the urumi-medusa chart sets it from the store's Secret or values.`)
  }
  return value
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: required('DATABASE_URL'),
    redisUrl: required('REDIS_URL'),
    workerMode: (process.env.MEDUSA_WORKER_MODE as 'shared' | 'worker' | 'server') || 'shared',
    http: {
      storeCors: required('STORE_CORS'),
      adminCors: required('ADMIN_CORS'),
      authCors: required('AUTH_CORS'),
      jwtSecret: required('JWT_SECRET'),
      cookieSecret: required('COOKIE_SECRET'),
    },
  },
  admin: {
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  modules: [
    { resolve: '@medusajs/medusa/event-bus-redis', options: { redisUrl: required('REDIS_URL') } },
    { resolve: '@medusajs/medusa/cache-redis', options: { redisUrl: required('REDIS_URL') } },
    { resolve: '@medusajs/medusa/workflow-engine-redis', options: { redis: { url: required('REDIS_URL') } } },
    {
      resolve: '@medusajs/medusa/locking',
      options: { providers: [{ resolve: '@medusajs/medusa/locking-redis', id: 'locking-redis', is_default: true, options: { redisUrl: required('REDIS_URL') } }] },
    },
  ],
})
