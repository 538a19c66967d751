using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Accountability.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PublishedSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "published_text",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    meeting_id = table.Column<string>(type: "nvarchar(64)", nullable: false),
                    version = table.Column<int>(type: "int", nullable: false),
                    anchor = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    heading = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    text = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_text", x => x.id);
                    table.ForeignKey(
                        name: "FK_published_text_published_packs_meeting_id_version",
                        columns: x => new { x.meeting_id, x.version },
                        principalTable: "published_packs",
                        principalColumns: new[] { "MeetingId", "Version" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_published_text_meeting_id_version",
                table: "published_text",
                columns: new[] { "meeting_id", "version" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "published_text");
        }
    }
}
