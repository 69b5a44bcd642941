import type { ConsensusMethod, DoubleReadRule } from '@/types/api'
import { CONSENSUS_METHODS, DOUBLE_READ_RULES } from '../utils/settings'

/**
 * Double reading (shown while review is on, which it needs): the share of read cases a second, blind reader reads
 * too, which cases (the rule, each explained), and how the two reads are combined into the reviewer's consensus.
 */
export function DoubleReadFields(props: {
  percent: string
  onPercent: (value: string) => void
  rule: DoubleReadRule
  onRule: (value: DoubleReadRule) => void
  consensus: ConsensusMethod
  onConsensus: (value: ConsensusMethod) => void
}) {
  const { percent, onPercent, rule, onRule, consensus, onConsensus } = props
  const chosen = DOUBLE_READ_RULES.find((r) => r.value === rule)
  return (
    <fieldset className="inline-form" data-testid="double-read-fields">
      <legend>Double reading</legend>
      <label htmlFor="double-read-percent">Cases read twice (%)</label>
      <input
        id="double-read-percent"
        data-testid="double-read-percent"
        type="number"
        min="0"
        max="100"
        step="any"
        aria-describedby="double-read-hint"
        value={percent}
        onChange={(e) => onPercent(e.target.value)}
      />
      <label htmlFor="double-read-rule">Which cases</label>
      <select
        id="double-read-rule"
        data-testid="double-read-rule"
        value={rule}
        aria-describedby="double-read-rule-hint"
        onChange={(e) => onRule(e.target.value as DoubleReadRule)}
      >
        {DOUBLE_READ_RULES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <p id="double-read-rule-hint" className="muted">
        {chosen?.hint}
      </p>
      <label htmlFor="consensus-method">Consensus</label>
      <select
        id="consensus-method"
        data-testid="consensus-method"
        value={consensus}
        onChange={(e) => onConsensus(e.target.value as ConsensusMethod)}
      >
        {CONSENSUS_METHODS.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </select>
      <p id="double-read-hint" className="muted">
        A second reader, paid from the same budget, reads the chosen share of cases without seeing the first read. The
        reviewer then compares both reads and starts from their consensus (STAPLE or label voting; both keep what the
        readers agree on).
      </p>
    </fieldset>
  )
}
