import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AccessDenied } from '@/components/access-denied';
import { BulkJobView } from '@/components/bulk/bulk-job-view';
import { requirePageUser } from '@/lib/api/page-user';
import { getBulkJob, listBulkRows } from '@/lib/bulk/service';
import { DomainError } from '@/lib/errors/domain-error';
import { can } from '@/lib/shared/permissions';

export const metadata: Metadata = { title: 'Bulk update' };

type Props = { params: Promise<{ jobId: string }> };

export default async function BulkJobPage({ params }: Props) {
  const user = await requirePageUser();
  if (!can(user.role, 'bulk:view')) return <AccessDenied what="bulk updates" />;
  const { jobId } = await params;
  const viewer = { userId: user.id, role: user.role };
  const found = await Promise.all([
    getBulkJob({ viewer, jobId }),
    listBulkRows({ viewer, jobId, group: 'all', limit: 100 }),
  ]).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'BULK_JOB_NOT_FOUND') return null;
    throw error;
  });
  if (!found) notFound();
  const [job, rows] = found;
  return <BulkJobView key={job.id} initialJob={job} initialRows={rows} />;
}
