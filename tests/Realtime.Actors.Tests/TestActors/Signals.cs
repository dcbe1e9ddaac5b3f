namespace Realtime.Actors.Tests.TestActors;

/// <summary>Waits on explicit signals with a real-time guard, failing with a message that says what was expected.</summary>
public static class Signals
{
    /// <summary>Generous: only a hung test ever reaches it.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    public static async Task<T> Within<T>(this Task<T> task, Func<string> whatWasExpected)
    {
        try
        {
            return await task.WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Guard.TotalSeconds}s: {whatWasExpected()}");
        }
    }

    public static async Task Within(this Task task, Func<string> whatWasExpected)
    {
        try
        {
            await task.WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Guard.TotalSeconds}s: {whatWasExpected()}");
        }
    }

    public static Task Within(this ValueTask task, Func<string> whatWasExpected) => task.AsTask().Within(whatWasExpected);

    public static Task<T> Within<T>(this ValueTask<T> task, Func<string> whatWasExpected) => task.AsTask().Within(whatWasExpected);
}
