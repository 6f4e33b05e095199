namespace Layered.Raid.Parity.Kernels;

/// <summary>
/// Byte-at-a-time loops straight from the definitions, with Q as the plain sum Σ g^i·D_i via
/// log/exp tables (not Horner's rule), so it checks the vector engines independently.
/// </summary>
internal sealed unsafe class ScalarKernels : ParityKernels
{
    public static readonly ScalarKernels Instance = new();

    private ScalarKernels()
    {
    }

    public override ParityEngine Engine => ParityEngine.Scalar;

    public override string ToString() => nameof(ScalarKernels);

    public override void Xor(byte** sources, int count, byte* target, nint lengthBytes)
    {
        for (nint offset = 0; offset < lengthBytes; offset++)
        {
            byte sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum ^= sources[i][offset];
            }

            target[offset] = sum;
        }
    }

    public override void Syndromes(byte** data, int count, byte* p, byte* q, nint lengthBytes)
    {
        for (nint offset = 0; offset < lengthBytes; offset++)
        {
            byte pSum = 0;
            byte qSum = 0;
            for (int i = 0; i < count; i++)
            {
                if (data[i] == null)
                {
                    continue;
                }

                byte value = data[i][offset];
                pSum ^= value;
                qSum ^= GaloisField.Multiply(GaloisField.Exp(i), value);
            }

            if (p != null)
            {
                p[offset] = pSum;
            }

            q[offset] = qSum;
        }
    }

    public override void MultiplyXor(byte* left, byte* right, byte factor, byte* target, nint lengthBytes)
    {
        for (nint offset = 0; offset < lengthBytes; offset++)
        {
            target[offset] = GaloisField.Multiply(factor, (byte)(left[offset] ^ right[offset]));
        }
    }

    public override void SolvePair(byte* p, byte* q, byte a, byte b, byte* dx, byte* dy, nint lengthBytes)
    {
        for (nint offset = 0; offset < lengthBytes; offset++)
        {
            byte pxy = (byte)(p[offset] ^ dx[offset]);
            byte qxy = (byte)(q[offset] ^ dy[offset]);
            byte x = (byte)(GaloisField.Multiply(a, pxy) ^ GaloisField.Multiply(b, qxy));
            dx[offset] = x;
            dy[offset] = (byte)(pxy ^ x);
        }
    }

    public override void Update(byte* oldData, byte* newData, byte factor, byte* p, byte* q, nint lengthBytes)
    {
        for (nint offset = 0; offset < lengthBytes; offset++)
        {
            byte delta = (byte)(oldData[offset] ^ newData[offset]);
            p[offset] ^= delta;
            q[offset] ^= GaloisField.Multiply(factor, delta);
        }
    }
}
