import { useMemo } from 'react'
import { DataTable } from '@/components/data-table'
import type { EfficiencyPoint, Forecast, ReadingTimeSummary } from '@/types/api'
import { forecastConfig } from '../utils/charts'
import {
  diceAt,
  formatDiceInterval,
  gainText,
  readingTimeText,
  recommendationLabel,
  samplePoints,
  spendText,
  targetText,
} from '../utils/forecast'
import { LazyChart } from './chart'

/** The chart's numbers for screen readers and for anyone who wants them exact. */
function ForecastTable({ forecast }: { forecast: Forecast }) {
  const random = forecast.random_baseline?.curve ?? []
  return (
    <details>
      <summary>The forecast as a table</summary>
      <DataTable
        rows={samplePoints(forecast.curve)}
        rowKey={(p) => p.patients}
        caption="Fitted learning curve: expected validation Dice by patients annotated"
        testId="forecast-table"
        columns={[
          { header: 'Patients annotated', cell: (p) => Math.round(p.patients) },
          { header: 'Expected Dice', cell: (p) => p.dice.toFixed(3) },
          { header: 'Interval', cell: (p) => `${p.low.toFixed(3)}–${p.high.toFixed(3)}` },
          random.length > 0 && {
            header: 'Random selection',
            cell: (p) => {
              const baseline = diceAt(random, p.patients)
              return baseline === null ? '–' : baseline.toFixed(3)
            },
          },
        ]}
      />
    </details>
  )
}

function ReadingTimeModel({ summary }: { summary: ReadingTimeSummary | null }) {
  return (
    <p data-testid="reading-time-model">
      <strong>Reading-time model:</strong> {readingTimeText(summary)}
    </p>
  )
}

/**
 * Budget intelligence for the lead: the learning curve fitted to the rounds, what the remaining budget is expected
 * to buy, what the target Dice would cost, and whether another round is worth its money.
 */
export function ForecastPanel({
  forecast,
  readingTime,
  rounds,
  currency,
}: {
  forecast: Forecast | null
  readingTime: ReadingTimeSummary | null
  rounds: readonly EfficiencyPoint[]
  /** The project's ISO 4217 code: every amount of the forecast is in it. */
  currency: string
}) {
  const config = useMemo(
    () => (forecast && forecast.curve.length > 0 ? forecastConfig(forecast, rounds) : null),
    [forecast, rounds],
  )
  return (
    <section className="card" aria-labelledby="forecast-title" data-testid="forecast-panel">
      <h2 id="forecast-title">Forecast</h2>
      {forecast === null ? (
        <p>No forecast yet: it needs finished rounds with validation Dice.</p>
      ) : (
        <>
          <p
            className={`recommendation recommendation-${forecast.recommendation}`}
            data-testid="forecast-recommendation"
            data-recommendation={forecast.recommendation}
          >
            <span className="recommendation-badge">{recommendationLabel(forecast.recommendation)}</span>{' '}
            <span data-testid="forecast-reason">{forecast.reason}</span>
          </p>
          {config && (
            <div className="forecast-body">
              <div>
                <LazyChart
                  config={config}
                  label={
                    'Fitted learning curve with its interval, the rounds’ validation Dice, and the expected Dice if ' +
                    'the remaining budget is spent'
                  }
                  testId="forecast-chart"
                  height={300}
                />
                <ForecastTable forecast={forecast} />
              </div>
              <dl className="facts" data-testid="forecast-facts">
                <dt>Fitted on</dt>
                <dd>
                  {forecast.points} rounds · {forecast.patients_now} patients annotated so far
                </dd>
                <dt>If the budget is spent</dt>
                <dd data-testid="forecast-if-spent">
                  Dice {formatDiceInterval(forecast.expected_dice_if_spent)}
                  <div className="muted">{spendText(forecast, currency)}</div>
                </dd>
                {forecast.random_baseline && (
                  <>
                    <dt>Random selection</dt>
                    <dd data-testid="forecast-random">
                      Dice {formatDiceInterval(forecast.random_baseline.expected_dice_if_spent)} for the same budget
                    </dd>
                  </>
                )}
                <dt>Target</dt>
                <dd data-testid="forecast-target">{targetText(forecast, currency)}</dd>
                <dt>Gain per 100</dt>
                <dd data-testid="forecast-gain">{gainText(forecast, currency)}</dd>
              </dl>
            </div>
          )}
        </>
      )}
      <ReadingTimeModel summary={readingTime} />
    </section>
  )
}
