namespace OCoP.Tests.Integration.Fuzz;

/// <summary>
/// The random numbers CsCheck generated for one request, read in order by <see cref="OpenApiRequests"/>. Every choice
/// takes the next number modulo its options, and option 0 is the plainest (a well-formed value): when CsCheck shrinks a
/// failing case towards smaller numbers, the request it reports gets plainer too.
/// </summary>
internal sealed class RequestChoices(int[] numbers)
{
    private int position;

    public int Next(int options)
    {
        var number = numbers[position % numbers.Length] ^ (position / numbers.Length * 7919);
        position++;
        return options <= 1 ? 0 : (int)((uint)number % (uint)options);
    }

    /// <summary>True with the given chance in a hundred (false when shrunk to zero).</summary>
    public bool Percent(int chance) => Next(100) >= 100 - chance;

    public T OneOf<T>(IReadOnlyList<T> options) => options[Next(options.Count)];
}
