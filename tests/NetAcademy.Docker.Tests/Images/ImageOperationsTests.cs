namespace NetAcademy.Docker.Tests.Images;

[Collection(DockerCollection.Name)]
public sealed class ImageOperationsTests(DockerFixture fixture)
{
    private readonly DockerClient _client = fixture.Client;

    [Fact]
    public async Task InspectImageAsync_BaseImage_HasTagAndConfig()
    {
        var image = await _client.Images.InspectImageAsync(DockerFixture.BaseImage);

        Assert.StartsWith("sha256:", image.ID, StringComparison.Ordinal);
        Assert.Contains(DockerFixture.BaseImage, image.RepoTags);
        Assert.NotNull(image.Config.Env);
        Assert.Contains(image.Config.Env!, e => e.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.True(image.Size > 0);
    }

    [Fact]
    public async Task ListImagesAsync_LocalImages_IncludeBaseImageWithSameId()
    {
        var inspect = await _client.Images.InspectImageAsync(DockerFixture.BaseImage);

        var images = await _client.Images.ListImagesAsync();

        var listed = Assert.Single(images, i => i.RepoTags.Contains(DockerFixture.BaseImage));
        Assert.Equal(inspect.ID, listed.ID);
    }

    [Fact]
    public async Task InspectImageAsync_UnknownImage_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<DockerNotFoundException>(() => _client.Images.InspectImageAsync("netacademy/no-such-image:v0"));

        Assert.Contains("netacademy/no-such-image", ex.Message, StringComparison.Ordinal);
    }
}
