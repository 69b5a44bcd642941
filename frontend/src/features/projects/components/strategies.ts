/** Selection strategies the worker implements (DESIGN.md, "Scoring"). */
export const STRATEGIES = ['random', 'entropy', 'mc_dropout', 'acft', 'unetpp_heads', 'coreset', 'hybrid'] as const
