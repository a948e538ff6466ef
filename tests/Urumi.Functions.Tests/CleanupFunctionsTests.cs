using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Urumi.Domain.Workflows;

namespace Urumi.Functions.Tests;

/// <summary>How the cleanup is wired into the Functions host: the timer's schedule, start-up and the activity names.</summary>
public sealed class CleanupFunctionsTests
{
    private static TimerTriggerAttribute Timer() =>
        typeof(CleanupFunctions).GetMethod(nameof(CleanupFunctions.Tick))!.GetParameters()
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().Single();

    [Fact]
    public void Tick_Schedule_IsBoundToTheCleanupScheduleSetting()
    {
        Assert.Equal("%Urumi:Cleanup:Schedule%", Timer().Schedule);
    }

    [Fact]
    public void Tick_RunOnStartup_IsOff()
    {
        Assert.False(Timer().RunOnStartup);
    }

    [Fact]
    public void Functions_EveryRegisteredActivity_HasAFunctionOfTheSameName()
    {
        var names = typeof(CleanupFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .ToHashSet();

        Assert.All(UrumiWorkflows.ActivityTypes, activity => Assert.Contains(activity.Name, names));
    }
}
