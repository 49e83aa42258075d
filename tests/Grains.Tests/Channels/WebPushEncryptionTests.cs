using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Grains.Tests;

public sealed class WebPushEncryptionTests
{
    [Fact]
    public void Encryption_reproduces_the_worked_example_of_RFC_8291()
    {
        // RFC 8291, section 5 and appendix A.
        var applicationServer = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64Url.DecodeFromChars("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"),
        });
        var userAgentPublic = Base64Url.DecodeFromChars("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        var authSecret = Base64Url.DecodeFromChars("BTBZMqHH6r4Tts7J_aSIgg");
        var salt = Base64Url.DecodeFromChars("DGv6ra1nlYgDCS1FRnbzlw");

        var body = WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes("When I grow up, I want to be a watermelon"), userAgentPublic, authSecret, applicationServer, salt);

        Assert.Equal(
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
            Base64Url.EncodeToString(body));
    }
}
