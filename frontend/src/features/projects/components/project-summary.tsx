import { Link } from 'react-router'
import { describeRoundState } from '@/features/rounds/utils/round-status'
import { formatMoney } from '@/lib/format'
import type { Project } from '@/types/api'
import { describeCost } from '../utils/cost'
import { PatientCounts } from './patient-counts'

/** The project card: what is in the pool, what the budget still allows, how rounds are configured, and whether masks
 * are reviewed. */
export function ProjectSummary({ project, linkToDetail = false }: { project: Project; linkToDetail?: boolean }) {
  const money = (value: number) => formatMoney(value, project.currency)
  return (
    <section className="card project-card" aria-labelledby={`project-${project.id}`} data-testid="project-card">
      <h2 id={`project-${project.id}`}>
        {linkToDetail ? <Link to={`/projects/${project.id}`}>{project.name}</Link> : project.name}
      </h2>
      <dl className="facts">
        <dt>Modality</dt>
        <dd>{project.modality}</dd>
        <dt>Patients</dt>
        <dd>
          <PatientCounts counts={project.counts} />
        </dd>
        <dt>Budget</dt>
        <dd data-testid="project-budget">
          {describeCost(project)} · total {money(project.budget_total)} · spent {money(project.budget_spent)} ·{' '}
          <strong>remaining {money(project.budget_remaining)}</strong>
        </dd>
        <dt>Rounds</dt>
        <dd>
          strategy <code>{project.strategy}</code> · batch size {project.batch_size} ·{' '}
          {project.selection_objective === 'value_per_cost' ? 'best value per cost' : 'highest score'} first ·{' '}
          {project.auto_publish ? 'selection published at once' : 'selection needs approval'}
          {project.active_round &&
            ` · round ${project.active_round.number} ${describeRoundState(project.active_round)}`}
        </dd>
        {(project.review_required || project.counts.in_review > 0) && (
          <>
            <dt>Review</dt>
            <dd data-testid="project-review">
              {project.review_required
                ? 'masks wait for a reviewer before they count'
                : 'off (the cases already in review stay with their reviewers)'}{' '}
              · <Link to="/review">{project.counts.in_review} in review</Link>
            </dd>
          </>
        )}
        <dt>Labels</dt>
        <dd>
          {project.labels.map((label) => (
            <span key={label.value} className="label-chip">
              <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
              {label.value} {label.name}
            </span>
          ))}
        </dd>
      </dl>
    </section>
  )
}
