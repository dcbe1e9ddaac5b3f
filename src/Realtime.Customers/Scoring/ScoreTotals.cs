namespace Realtime.Customers.Scoring;

/// <summary>
/// How a score is made: <c>Score = GroupsTotal - ClippedByTotalCap - DecayRemoved</c>, computed in exactly that
/// order so an explanation adds up to the stored score bit for bit.
/// </summary>
public readonly record struct ScoreTotals(double GroupsTotal, double ClippedByTotalCap, double DecayRemoved, double Score);
