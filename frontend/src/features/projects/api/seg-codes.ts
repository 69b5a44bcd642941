import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { SegCodingInput, SegmentCoding } from '@/types/api'

const inProject = (projectId: string) => ({ params: { path: { project_id: projectId } } })
const key = (projectId: string) => ['projects', projectId, 'seg-codes']

/** How each label is coded in the SEG: the lead's choice, or the default for its name (`default` true). */
export function useSegCodes(projectId: string) {
  return useQuery({
    queryKey: key(projectId),
    queryFn: ({ signal }): Promise<SegmentCoding[]> =>
      unwrap(client.GET('/api/projects/{project_id}/seg/codes', { ...inProject(projectId), signal })),
  })
}

/** Audited; a null category or type returns the label to its default. */
export function useSaveSegCodes(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: SegCodingInput) =>
      unwrap(client.PUT('/api/projects/{project_id}/seg/codes', { ...inProject(projectId), body })),
    onSuccess: (codes) => queryClient.setQueryData(key(projectId), codes),
  })
}
