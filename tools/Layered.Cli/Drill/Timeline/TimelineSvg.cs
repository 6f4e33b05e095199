namespace Layered.Cli.Drill.Timeline;

/// <summary>
/// The timeline as a chart: read and write MB/s as lines, rebuild progress as a filled band
/// on a 0-100% axis, degraded spells shaded, and a labelled vertical marker for each fault
/// and each set event that matters. Self-made SVG; no packages.
/// </summary>
internal static class TimelineSvg
{
    private const int Width = 1200;
    private const int Height = 600;
    private const double Left = 70;
    private const double Right = 1130;
    private const double Top = 175;
    private const double Bottom = 480;
    private const double LabelGapPx = 12;

    private const string ReadColor = "#1f77b4";
    private const string WriteColor = "#ff7f0e";
    private const string RebuildColor = "#2ca02c";
    private const string DegradedColor = "#fde0dc";
    private const string FinalColor = "#eeeeee";
    private const string FailColor = "#d62728";

    /// <summary>Set events that add nothing to the drill's own markers (the drill logs the same moment).</summary>
    private static readonly HashSet<string> s_unmarked = ["member_added", "member_removed", "replace_started", "spare_added", "member_tagged", "rebuild_started"];

    public static string Render(string title, string footer, IReadOnlyList<TimelineSample> samples, IReadOnlyList<TracePoint> trace,
        IReadOnlyList<DrillEvent> events, double? finalStart)
    {
        var svg = new SvgWriter(Width, Height);
        var duration = Math.Max(1, Math.Max(samples.Count > 0 ? samples[^1].T : 0, events.Count > 0 ? events.Max(e => e.T) : 0));
        // The final read-back runs far faster than the mixed load; scaling to it would flatten the load.
        var scaled = samples.Where(s => s.Phase != "final").ToList();
        var peak = scaled.Count == 0 ? 1 : scaled.Max(s => Math.Max(s.ReadMBps, s.WriteMBps));
        var yStep = AxisTicks.Step(peak * 1.05, 6);
        var yMax = AxisTicks.Ceiling(peak * 1.05, yStep);
        double X(double t) => Left + (Right - Left) * Math.Clamp(t / duration, 0, 1);
        double Y(double mbps) => Bottom - (Bottom - Top) * Math.Clamp(mbps / yMax, 0, 1);
        double P(double percent) => Bottom - (Bottom - Top) * Math.Clamp(percent / 100, 0, 1);

        svg.Text(Left, 28, title, 16, extra: "font-weight=\"bold\"");
        Backgrounds(svg, trace, finalStart, duration, X);
        Axes(svg, duration, yMax, yStep, X, Y, P);
        RebuildBand(svg, trace, events, X, P);
        svg.Polyline(samples.Select((s, i) => (X(Mid(samples, i)), Y(s.ReadMBps))), ReadColor, 2);
        svg.Polyline(samples.Select((s, i) => (X(Mid(samples, i)), Y(s.WriteMBps))), WriteColor, 2);
        ErrorMarks(svg, samples, X);
        EventMarkers(svg, events, X);
        Legend(svg);
        svg.Text(Left, Height - 14, footer, 12, fill: "#444");
        return svg.ToString();
    }

    private static double Mid(IReadOnlyList<TimelineSample> samples, int i) => ((i == 0 ? 0 : samples[i - 1].T) + samples[i].T) / 2;

    /// <summary>The final check in pale grey; spells with a slot missing in pale red, at the trace's resolution.</summary>
    private static void Backgrounds(SvgWriter svg, IReadOnlyList<TracePoint> trace, double? finalStart, double duration, Func<double, double> x)
    {
        if (finalStart is { } start)
        {
            svg.Rect(x(start), Top, x(duration) - x(start), Bottom - Top, FinalColor);
            if (x(duration) - x(start) > 80) svg.Text(x(start) + 4, Bottom - 6, "final check", 11, fill: "#888");
        }
        for (var i = 0; i < trace.Count - 1; i++)
            if (trace[i].MissingSlots > 0) svg.Rect(x(trace[i].T), Top, x(trace[i + 1].T) - x(trace[i].T) + 0.5, Bottom - Top, DegradedColor);
    }

    private static void Axes(SvgWriter svg, double duration, double yMax, double yStep,
        Func<double, double> x, Func<double, double> y, Func<double, double> p)
    {
        for (var v = 0.0; v <= yMax + 1e-9; v += yStep)
        {
            svg.Line(Left, y(v), Right, y(v), "#dddddd");
            svg.Text(Left - 6, y(v) + 4, SvgWriter.N(v), 11, "end");
        }
        for (var percent = 0; percent <= 100; percent += 25)
            svg.Text(Right + 6, p(percent) + 4, $"{percent}%", 11, fill: RebuildColor);
        var tStep = AxisTicks.Step(duration, 15);
        for (var t = 0.0; t <= duration + 1e-9; t += tStep)
        {
            svg.Line(x(t), Bottom, x(t), Bottom + 5, "#444");
            svg.Text(x(t), Bottom + 18, $"{SvgWriter.N(t)} s", 11, "middle");
        }
        svg.Line(Left, Top, Left, Bottom, "#444");
        svg.Line(Left, Bottom, Right, Bottom, "#444");
        svg.Line(Right, Top, Right, Bottom, "#444");
        var middle = SvgWriter.N((Top + Bottom) / 2);
        svg.Text(22, (Top + Bottom) / 2, "MB/s", 12, "middle", extra: $"transform=\"rotate(-90 22 {middle})\"");
        svg.Text(Width - 18, (Top + Bottom) / 2, "rebuild progress", 12, "middle", RebuildColor, $"transform=\"rotate(90 {Width - 18} {middle})\"");
        svg.Text((Left + Right) / 2, Bottom + 36, "seconds since the drill started", 12, "middle");
    }

    /// <summary>
    /// Each rebuild's progress over time as a filled area (rebuilds onto different slots may
    /// overlap). An area starts at its rebuild_started event and, when the rebuild completed
    /// between two trace points, rises to 100% at its rebuild_completed event.
    /// </summary>
    private static void RebuildBand(SvgWriter svg, IReadOnlyList<TracePoint> trace, IReadOnlyList<DrillEvent> events,
        Func<double, double> x, Func<double, double> p)
    {
        foreach (var slot in trace.SelectMany(t => t.Rebuilds.Select(r => r.Slot)).Distinct())
        {
            var starts = events.Where(e => e.Kind == "rebuild_started" && e.Slot == slot).Select(e => e.T).ToList();
            var completions = events.Where(e => e.Kind == "rebuild_completed" && e.Slot == slot).Select(e => e.T).ToList();
            var segment = new List<(double X, double Y)>();
            var last = (T: 0.0, Percent: 0.0);
            for (var i = 0; i < trace.Count; i++)
            {
                var running = trace[i].Rebuilds.Where(r => r.Slot == slot).Select(r => r.Percent).DefaultIfEmpty(-1).Max();
                if (running >= 0)
                {
                    if (segment.Count == 0)
                    {
                        var began = Between(starts, i == 0 ? 0 : trace[i - 1].T, trace[i].T) ?? trace[i].T;
                        segment.Add((x(began), p(0)));
                    }
                    segment.Add((x(trace[i].T), p(running)));
                    last = (trace[i].T, running);
                    continue;
                }
                if (segment.Count == 0) continue;
                Close(svg, segment, Between(completions, last.T, trace[i].T), last, x, p);
            }
            if (segment.Count > 0) Close(svg, segment, null, last, x, p);
        }
    }

    private static void Close(SvgWriter svg, List<(double X, double Y)> segment, double? completed, (double T, double Percent) last,
        Func<double, double> x, Func<double, double> p)
    {
        if (completed is { } done) segment.Add((x(done), p(100)));
        segment.Add((x(completed ?? last.T), p(0)));
        svg.Polygon(segment, RebuildColor, RebuildColor, 0.25);
        segment.Clear();
    }

    private static double? Between(List<double> times, double from, double to)
    {
        foreach (var t in times)
            if (t >= from && t <= to) return t;
        return null;
    }

    /// <summary>A red mark on the axis for every second with an error or wrong data, with the count.</summary>
    private static void ErrorMarks(SvgWriter svg, IReadOnlyList<TimelineSample> samples, Func<double, double> x)
    {
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Errors == 0 && samples[i].WrongSectors == 0) continue;
            var at = x(Mid(samples, i));
            svg.Rect(at - 4, Bottom - 8, 8, 8, FailColor);
            svg.Text(at, Bottom - 11, $"{samples[i].Errors} err, {samples[i].WrongSectors} wrong", 10, "middle", FailColor);
        }
    }

    /// <summary>
    /// Dashed vertical markers with labels reading upwards above the plot. A label that would
    /// overlap the one before it moves right, with a short leader back to its marker.
    /// </summary>
    private static void EventMarkers(SvgWriter svg, IReadOnlyList<DrillEvent> events, Func<double, double> x)
    {
        var marked = events.Where(e => !s_unmarked.Contains(e.Kind) && !Echoes(e, events)).OrderBy(e => e.T).ToList();
        var previous = double.NegativeInfinity;
        foreach (var e in marked)
        {
            var at = x(e.T);
            var color = ColorOf(e.Kind);
            svg.Line(at, Top - 4, at, Bottom, color, 1.2, "stroke-dasharray=\"4 3\" stroke-opacity=\"0.8\"");
            var labelAt = Math.Max(at, previous + LabelGapPx);
            if (labelAt > at) svg.Line(at, Top - 4, labelAt, Top - 14, color, 0.8);
            svg.UpwardText(labelAt + 4, Top - (labelAt > at ? 16 : 8), Label(e), 11, color);
            previous = labelAt;
        }
    }

    /// <summary>The set's record of a failure the drill itself caused a moment earlier says nothing new.</summary>
    private static bool Echoes(DrillEvent e, IReadOnlyList<DrillEvent> events) =>
        e.Source == "raid" && e.Kind == "member_failed"
        && events.Any(d => d.Source == "drill" && d.Slot == e.Slot && d.Kind.StartsWith("fail", StringComparison.Ordinal) && Math.Abs(d.T - e.T) < 0.05);

    private static string Label(DrillEvent e)
    {
        var name = e.Kind switch
        {
            "rebuild_completed" => "rebuilt",
            "rebuild_aborted" => "rebuild aborted",
            "member_failed" => "failed",
            "fail_stop" => "fail-stop",
            "fail_during_rebuild" => "fail in rebuild",
            "re_add" => "re-add",
            "add_spare" => "spare",
            "read_error_repaired" => "repaired",
            _ => e.Kind.Replace('_', ' '),
        };
        return e.Slot >= 0 ? $"{name} s{e.Slot}" : name;
    }

    private static string ColorOf(string kind) => kind switch
    {
        "fail" or "fail_stop" or "fail_during_rebuild" or "member_failed" or "crash" or "reassembly_failed" => FailColor,
        "reassembled" => "#9467bd",
        "rebuild_completed" => RebuildColor,
        "rebuild_aborted" or "skipped" or "read_error_repaired" => "#bcbd22",
        "remove" => "#7f7f7f",
        _ => "#17becf",
    };

    private static void Legend(SvgWriter svg)
    {
        var y = Bottom + 62.0;
        var x = Left;
        void Item(string label, Action<double> swatch)
        {
            swatch(x);
            svg.Text(x + 26, y + 4, label, 12);
            x += 26 + 7 * label.Length + 16;
        }
        Item("read MB/s", at => svg.Line(at, y, at + 20, y, ReadColor, 2.5));
        Item("write MB/s", at => svg.Line(at, y, at + 20, y, WriteColor, 2.5));
        Item("rebuild %", at => svg.Rect(at, y - 6, 20, 12, RebuildColor, "fill-opacity=\"0.3\" stroke=\"#2ca02c\""));
        Item("degraded", at => svg.Rect(at, y - 6, 20, 12, DegradedColor, "stroke=\"#e8b4ac\""));
        Item("final check", at => svg.Rect(at, y - 6, 20, 12, FinalColor, "stroke=\"#cccccc\""));
        Item("failure / crash", at => svg.Line(at, y, at + 20, y, FailColor, 1.5, "stroke-dasharray=\"4 3\""));
        Item("membership", at => svg.Line(at, y, at + 20, y, "#17becf", 1.5, "stroke-dasharray=\"4 3\""));
        Item("rebuilt", at => svg.Line(at, y, at + 20, y, RebuildColor, 1.5, "stroke-dasharray=\"4 3\""));
        Item("reassembled", at => svg.Line(at, y, at + 20, y, "#9467bd", 1.5, "stroke-dasharray=\"4 3\""));
    }
}
