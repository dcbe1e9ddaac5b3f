using Realtime.LoadGen.Options;

namespace Realtime.LoadGen.Tests;

public sealed class ArgumentParserTests
{
    [Fact]
    public void No_arguments_give_the_documented_defaults()
    {
        var options = ArgumentParser.Parse([]);

        Assert.Equal("http://127.0.0.1:5001", options.Target);
        Assert.Equal(100_000, options.Customers);
        Assert.Equal(0, options.Rate);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal(4, options.Streams);
        Assert.Equal(500, options.Batch);
        Assert.Equal(8, options.InFlight);
        Assert.False(options.Watch);
        Assert.Null(options.JsonFile);
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = ArgumentParser.Parse([
            "--target", "http://10.0.0.1:7001", "--customers=10000000", "--seed", "42", "--rate", "12500.5", "--duration=2m",
            "--streams", "2", "--batch", "100", "--inflight", "3", "--lookups-per-sec", "5000", "--pressure-per-sec=7",
            "--consistent-lookups", "--watch", "--json", "out.json", "--server-pid", "1234", "--run-id", "r1", "--quiet"]);

        Assert.Equal("http://10.0.0.1:7001", options.Target);
        Assert.Equal(10_000_000, options.Customers);
        Assert.Equal(42, options.Seed);
        Assert.Equal(12500.5, options.Rate);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Duration);
        Assert.Equal(2, options.Streams);
        Assert.Equal(100, options.Batch);
        Assert.Equal(3, options.InFlight);
        Assert.Equal(5000, options.LookupsPerSec);
        Assert.Equal(7, options.PressurePerSec);
        Assert.True(options.Watch);
        Assert.True(options.ConsistentLookups);
        Assert.Equal("out.json", options.JsonFile);
        Assert.Equal(1234, options.ServerPid);
        Assert.Equal("r1", options.RunId);
        Assert.True(options.Quiet);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("20s", 20)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("15", 15)]
    public void Durations_take_a_unit(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ArgumentParser.Parse(["--duration", text]).Duration);

    [Theory]
    [InlineData("--rate", "abc", "--rate must be a number ≥ 0, got 'abc'")]
    [InlineData("--rate", "-1", "--rate must be a number ≥ 0, got '-1'")]
    [InlineData("--lookups-per-sec", "NaN", "--lookups-per-sec must be a number ≥ 0, got 'NaN'")]
    [InlineData("--streams", "0", "--streams must be an integer in 1..64, got '0'")]
    [InlineData("--customers", "20000000", "--customers must be an integer in 1..10000000, got '20000000'")]
    [InlineData("--batch", "1.5", "--batch must be an integer in 1..10000, got '1.5'")]
    [InlineData("--duration", "soon", "--duration must be a positive duration such as 500ms, 20s or 2m, got 'soon'")]
    [InlineData("--duration", "0s", "--duration must be a positive duration such as 500ms, 20s or 2m, got '0s'")]
    [InlineData("--target", "127.0.0.1:5001", "--target must be an http:// or https:// address, got '127.0.0.1:5001'")]
    [InlineData("--dashboard", "localhost:5000", "--dashboard must be an http:// or https:// address, got 'localhost:5000'")]
    [InlineData("--push-probe-customers", "65", "--push-probe-customers must be an integer in 1..64, got '65'")]
    public void Bad_values_are_errors_that_name_the_option_and_the_value(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ArgumentParser.Parse([option, value]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_missing_value_and_an_unknown_option_are_errors()
    {
        Assert.Equal("--rate needs a value", Assert.Throws<ArgumentException>(() => ArgumentParser.Parse(["--rate"])).Message);
        Assert.Equal("unknown option '--speed' (see --help)", Assert.Throws<ArgumentException>(() => ArgumentParser.Parse(["--speed", "3"])).Message);
    }

    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        Assert.True(ArgumentParser.Parse(["--help"]).Help);
        var help = ArgumentParser.HelpText();
        foreach (var option in new[] { "--target", "--customers", "--seed", "--rate", "--duration", "--streams", "--batch", "--inflight",
                     "--lookups-per-sec", "--consistent-lookups", "--pressure-per-sec", "--watch", "--json", "--server-pid", "--run-id", "--quiet" })
        {
            var line = help.Split('\n').Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.Contains("(default: ", line, StringComparison.Ordinal);
        }

        Assert.Contains("--rate EVENTS_PER_SEC", help, StringComparison.Ordinal);
        Assert.Contains("(default: 30s)", help, StringComparison.Ordinal);
    }
}
