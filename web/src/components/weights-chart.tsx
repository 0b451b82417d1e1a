import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/** One comparison of a pair, as the hub reports it (never a value of either record). */
export interface Comparison {
  key: string;
  label: string;
  level: string;
  outcome: string;
  weight: number;
}

/**
 * The evidence of a pair as a bar per comparison: to the right (green) for a match, to the left (red) against,
 * scaled to the largest weight. Each row says the same in words and numbers for those who cannot see the bars.
 */
export function WeightsChart({ comparisons, id }: { comparisons: readonly Comparison[]; id: string }) {
  const { t, label } = useI18n();
  const max = Math.max(1, ...comparisons.map((c) => Math.abs(c.weight)));
  return (
    <figure className="govuk-!-margin-0" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={`${id}-title`}>
          {t('match.evidence')}
        </h3>
        <p className="govuk-hint">{t('match.evidenceHint')}</p>
      </figcaption>
      <ul className="cy-weights" data-testid="weights">
        {comparisons.map((c) => {
          const key = `field.${c.key}` as MessageKey;
          const name = label('field', c.key) === c.key ? c.label : t(key);
          const width = `${(Math.abs(c.weight) / max) * 50}%`;
          return (
            <li className="cy-weights__row govuk-body-s" key={c.key} data-key={c.key} data-weight={c.weight}>
              <span>
                {name}: {label('matchOutcome', c.outcome)}
              </span>
              <span className="cy-weights__track" aria-hidden="true">
                {c.weight !== 0 ? <span className={`cy-weights__bar cy-weights__bar--${c.weight > 0 ? 'for' : 'against'}`} style={{ width }} /> : null}
              </span>
              <span className="cy-weights__value">
                <span className="govuk-visually-hidden">{t('match.weight')} </span>
                {c.weight > 0 ? '+' : ''}
                {c.weight.toFixed(2)}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
