import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api-client'

/** Client errors (4xx) are answers, not glitches: retrying them only delays the message the user needs. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false
  return failureCount < 2
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 5_000 },
    mutations: { retry: false },
  },
})
