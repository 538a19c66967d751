namespace PlanServices.Testing;

/// <summary>The system's clock moved on by as much as a test asks: time still passes, and timers still fire as they would.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _ahead;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _ahead;

    /// <summary>Moves the clock to <paramref name="when"/> (never back).</summary>
    public void MoveTo(DateTimeOffset when) => _ahead = TimeSpan.FromTicks(Math.Max(_ahead.Ticks, (when - base.GetUtcNow()).Ticks));

    public void Advance(TimeSpan by) => _ahead += by;
}
